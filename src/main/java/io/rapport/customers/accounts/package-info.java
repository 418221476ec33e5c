/** Part of the customers module's API for other modules (e.g. the activities timeline checks visibility here). */
@org.springframework.modulith.NamedInterface("accounts")
package io.rapport.customers.accounts;
