package io.dynamini.boot.autoconfigure;

import io.dynamini.core.DynaminiTableAdmin;
import io.dynamini.core.TableCapacity;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.InvalidDataAccessResourceUsageException;

/**
 * Makes sure, at startup, that the single table exists and fits dynamini: creates it (with its indexes, waiting
 * until it is active) when it is missing and creation is allowed, and validates it otherwise.
 */
public class DynaminiTableInitializer implements InitializingBean {

	private final DynaminiTableAdmin admin;

	private final String tableName;

	private final boolean create;

	private final TableCapacity capacity;

	public DynaminiTableInitializer(DynaminiTableAdmin admin, String tableName, boolean create,
			TableCapacity capacity) {
		this.admin = admin;
		this.tableName = tableName;
		this.create = create;
		this.capacity = capacity;
	}

	public String getTableName() {
		return tableName;
	}

	@Override
	public void afterPropertiesSet() {
		if (create) {
			admin.createIfMissing(tableName, capacity);
			return;
		}
		admin.validate(admin.describe(tableName)
			.orElseThrow(() -> new InvalidDataAccessResourceUsageException(("Table %s does not exist and "
					+ "dynamini.table.create=false: create it, or allow dynamini to").formatted(tableName))));
	}
}
