package io.dynamini.benchmark;

import io.dynamini.repository.VersionedRepository;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;

public interface PagedRowRepository extends VersionedRepository<PagedRow, String> {

	Window<PagedRow> findAllBy(ScrollPosition position, Limit limit);
}
