package io.dynamini.test.domain;

import io.dynamini.repository.VersionedRepository;

public interface AuditedNoteRepository extends VersionedRepository<AuditedNote, String> {
}
