package io.dynamini.benchmark;

import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * The rows of the paging-memory test.
 */
@VersionedEntity
public record PagedRow(@Id String id, @Version Long version, int number, String payload) {
}
