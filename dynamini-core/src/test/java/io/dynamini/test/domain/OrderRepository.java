package io.dynamini.test.domain;

import io.dynamini.repository.VersionedRepository;

public interface OrderRepository extends VersionedRepository<Order, String> {
}
