/** List views: columns, cells, filters and paging shared by the list pages, their exports and other modules' lists. */
@org.springframework.modulith.NamedInterface("listing")
package io.rapport.customers.listing;
