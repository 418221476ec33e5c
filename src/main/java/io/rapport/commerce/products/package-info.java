/** The product catalogue, part of the commerce module's API (deal line items refer to products). */
@org.springframework.modulith.NamedInterface("products")
package io.rapport.commerce.products;
