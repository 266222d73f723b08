/** Test support shared by the modules: a real PostgreSQL for tests and public data locations. */
package org.stpplatform.testsupport;
