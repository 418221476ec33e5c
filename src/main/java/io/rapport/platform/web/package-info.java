@org.springframework.modulith.NamedInterface("web")
package io.rapport.platform.web;
