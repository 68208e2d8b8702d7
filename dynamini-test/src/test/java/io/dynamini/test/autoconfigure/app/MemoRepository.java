package io.dynamini.test.autoconfigure.app;

import io.dynamini.repository.VersionedRepository;

public interface MemoRepository extends VersionedRepository<Memo, String> {
}
