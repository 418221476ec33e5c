@org.springframework.modulith.NamedInterface("audit")
package io.rapport.platform.audit;
