package io.dynamini.sample;

import io.dynamini.repository.VersionedRepository;

public interface CollectionNameRepository extends VersionedRepository<CollectionName, String> {
}
