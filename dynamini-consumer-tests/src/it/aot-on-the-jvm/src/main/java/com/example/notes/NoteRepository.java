package com.example.notes;

import java.util.List;

import io.dynamini.repository.VersionedRepository;

public interface NoteRepository extends VersionedRepository<Note, String> {

	List<Note> findByOwner(String owner);

	List<NoteText> findTextsByOwner(String owner);
}
