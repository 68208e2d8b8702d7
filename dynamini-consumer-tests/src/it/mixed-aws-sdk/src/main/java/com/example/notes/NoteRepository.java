package com.example.notes;

import io.dynamini.repository.VersionedRepository;

public interface NoteRepository extends VersionedRepository<Note, String> {
}
