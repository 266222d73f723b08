/** Configuration of the reward service: validated properties and shared beans. */
package org.stpplatform.reward.config;
