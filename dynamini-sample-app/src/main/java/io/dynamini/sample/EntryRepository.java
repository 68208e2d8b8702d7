package io.dynamini.sample;

import java.util.List;

import io.dynamini.repository.VersionedRepository;

import org.springframework.data.history.Revision;

public interface EntryRepository extends VersionedRepository<Entry, String> {

	List<Entry> findByCollection(String collection);

	List<Revision<Long, Entry>> findLatestRevisionsByCollection(String collection);
}
