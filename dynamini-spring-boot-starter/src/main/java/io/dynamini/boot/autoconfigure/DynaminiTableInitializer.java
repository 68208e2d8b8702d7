package io.dynamini.boot.autoconfigure;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.TableCapacity;
import io.dynamini.core.TableLayout;

import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.InvalidDataAccessResourceUsageException;

import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Makes sure, at startup, that the single table exists and fits dynamini: creates it (with its indexes, waiting
 * until it is active) when it is missing and creation is allowed, and validates it otherwise; with the change feed
 * enabled, makes sure it has a stream of new images (enabling it on an existing table only when creation is allowed);
 * and makes sure DynamoDB's TTL is on for the table's TTL attribute (enabled at creation and on an existing table when
 * creation is allowed; otherwise, once every bean exists, startup fails if history retention or {@code @ExpiresAt}
 * needs it).
 */
public class DynaminiTableInitializer implements InitializingBean, SmartInitializingSingleton {

	private final DynaminiTableAdmin admin;

	private final String tableName;

	private final boolean create;

	private final TableCapacity capacity;

	private final boolean stream;

	private Supplier<@Nullable String> timeToLiveNeededBy = () -> null;

	private boolean timeToLive;

	public DynaminiTableInitializer(DynaminiTableAdmin admin, String tableName, boolean create,
			TableCapacity capacity) {
		this(admin, tableName, create, capacity, false);
	}

	/**
	 * @param stream whether the table needs a stream of new images (the change feed is enabled)
	 */
	public DynaminiTableInitializer(DynaminiTableAdmin admin, String tableName, boolean create, TableCapacity capacity,
			boolean stream) {
		this.admin = admin;
		this.tableName = tableName;
		this.create = create;
		this.capacity = capacity;
		this.stream = stream;
	}

	public String getTableName() {
		return tableName;
	}

	/**
	 * @param neededBy says, once every bean exists, what needs DynamoDB's TTL on the table ({@code null}: nothing)
	 */
	public void setTimeToLiveNeededBy(Supplier<@Nullable String> neededBy) {
		this.timeToLiveNeededBy = neededBy;
	}

	@Override
	public void afterPropertiesSet() {
		Optional<TableDescription> existing = admin.describe(tableName);
		if (existing.isEmpty()) {
			if (!create) {
				throw new InvalidDataAccessResourceUsageException(("Table %s does not exist and "
						+ "dynamini.table.create=false: create it, or allow dynamini to").formatted(tableName));
			}
			admin.createTable(tableName, capacity, stream);
			timeToLive = true;
			return;
		}
		admin.validate(existing.get());
		admin.waitUntilActive(tableName);
		if (stream && !DynaminiTableAdmin.hasStreamOfNewImages(existing.get())) {
			if (!create) {
				throw new InvalidDataAccessResourceUsageException(("Table %s has no stream of new images, which "
						+ "dynamini.changes.enabled=true needs, and dynamini.table.create=false: enable a NEW_IMAGE "
						+ "stream on it, or set dynamini.table.create=true to let dynamini do it").formatted(tableName));
			}
			admin.enableStream(tableName);
		}
		if (create) {
			admin.enableTimeToLive(tableName);
			timeToLive = true;
		}
		else {
			timeToLive = admin.hasTimeToLive(tableName);
		}
	}

	@Override
	public void afterSingletonsInstantiated() {
		String neededBy = timeToLive ? null : timeToLiveNeededBy.get();
		if (neededBy != null) {
			throw new InvalidDataAccessResourceUsageException(("Table %s has no DynamoDB TTL on attribute '%s', which %s "
					+ "needs (dropped revisions and expired entities are deleted through it), and "
					+ "dynamini.table.create=false: enable TTL on '%s', or set dynamini.table.create=true to let dynamini "
					+ "do it").formatted(tableName, TableLayout.TIME_TO_LIVE, neededBy, TableLayout.TIME_TO_LIVE));
		}
	}
}
