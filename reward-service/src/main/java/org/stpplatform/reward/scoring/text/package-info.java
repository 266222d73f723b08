/** Text helpers shared by the task scorers: answer tags, Python string semantics, size limits. */
package org.stpplatform.reward.scoring.text;
