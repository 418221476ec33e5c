/**
 * Exports of list views and contacts: CSV (RFC 4180, UTF-8 with BOM, safe against formula injection) and
 * vCard 4.0, streamed row by row, each export written to the audit log.
 */
@org.springframework.modulith.NamedInterface("export")
package io.rapport.customers.export;
