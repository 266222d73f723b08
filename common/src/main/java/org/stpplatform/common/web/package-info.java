/** Web support shared by the services: RFC 9457 problem details and request ids. */
package org.stpplatform.common.web;
