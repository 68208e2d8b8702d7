package io.dynamini.test.domain;

import io.dynamini.repository.VersionedRepository;

public interface NoteRepository extends VersionedRepository<Note, String> {
}
