@org.springframework.modulith.NamedInterface("security")
package io.rapport.platform.security;
