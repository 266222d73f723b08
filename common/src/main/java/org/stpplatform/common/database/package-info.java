/** Local-default embedded PostgreSQL for the services that store data. */
package org.stpplatform.common.database;
