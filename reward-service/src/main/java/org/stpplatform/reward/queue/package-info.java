/** Scored-group queue: submission, leased claims, acknowledgements and their persistence. */
package org.stpplatform.reward.queue;
