package io.dynamini.test.domain;

import io.dynamini.repository.VersionedRepository;

public interface TaskRepository extends VersionedRepository<Task, String> {
}
