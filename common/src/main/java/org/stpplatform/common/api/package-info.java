/** Wire records exchanged between the STP Platform services as JSON. */
package org.stpplatform.common.api;
