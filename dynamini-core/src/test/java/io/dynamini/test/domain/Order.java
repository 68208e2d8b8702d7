package io.dynamini.test.domain;

import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * An aggregate root that registers a domain event when it is placed.
 */
@VersionedEntity("order")
public class Order extends AbstractAggregateRoot<Order> {

	@Id
	private String id;

	@Version
	private Long version;

	private String item;

	private boolean placed;

	public Order() {
	}

	public Order(String id, String item) {
		this.id = id;
		this.item = item;
	}

	/** Marks the order placed and registers {@link Placed}, published when the order is saved. */
	public Order place() {
		placed = true;
		registerEvent(new Placed(id));
		return this;
	}

	public String getId() {
		return id;
	}

	public Long getVersion() {
		return version;
	}

	public String getItem() {
		return item;
	}

	public boolean isPlaced() {
		return placed;
	}

	/** @param orderId the placed order */
	public record Placed(String orderId) {
	}
}
