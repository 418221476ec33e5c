/** Admin-defined custom fields: definitions and value checks, used by other modules for their own records (tickets). */
@org.springframework.modulith.NamedInterface("customfields")
package io.rapport.customers.customfields;
