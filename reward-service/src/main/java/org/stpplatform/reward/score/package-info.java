/** Batch scoring on bounded worker threads, the score endpoint and the task catalogue. */
package org.stpplatform.reward.score;
