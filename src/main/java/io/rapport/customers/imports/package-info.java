/**
 * CSV import of contacts, accounts and (through {@link io.rapport.customers.imports.ImportTarget}) other modules'
 * records: upload, preview, column mapping, and a resumable background job that writes batches with COPY.
 */
@org.springframework.modulith.NamedInterface("imports")
package io.rapport.customers.imports;
