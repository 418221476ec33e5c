/**
 * Platform: users, teams, roles, API tokens, audit log, error handling, pagination and the UI shell.
 * Every business module builds on it; it depends on no business module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform")
package io.rapport.platform;
