package io.dynamini.benchmark;

import io.dynamini.repository.VersionedRepository;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;

public interface BenchNoteRepository extends VersionedRepository<BenchNote, String> {

	Slice<BenchNote> findByOwner(String owner, Pageable pageable);

	Slice<BenchNote> findAllBy(Pageable pageable);
}
