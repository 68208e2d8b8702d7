package io.dynamini.boot.startup;

import io.dynamini.repository.VersionedRepository;

/** The minimal application's repository. */
public interface StartupNoteRepository extends VersionedRepository<StartupNote, String> {
}
