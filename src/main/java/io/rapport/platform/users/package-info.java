@org.springframework.modulith.NamedInterface("users")
package io.rapport.platform.users;
