package io.dynamini.sample;

import java.util.List;

import io.dynamini.repository.VersionedRepository;

import org.springframework.data.history.Revision;

public interface CollectionRepository extends VersionedRepository<Collection, String> {

	List<Collection> findByUser(String user);

	List<Revision<Long, Collection>> findLatestRevisionsByUser(String user);
}
