/** Output records: column schemas and the table, CSV and JSON Lines writers that render them. */
package io.pcapflow.export;
