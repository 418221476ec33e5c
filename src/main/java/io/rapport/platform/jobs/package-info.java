/**
 * Background jobs on db-scheduler: any module declares its {@code Task} beans; one scheduler per node runs them,
 * and the shared table makes sure each execution is picked by one node only.
 */
@org.springframework.modulith.NamedInterface("jobs")
package io.rapport.platform.jobs;
