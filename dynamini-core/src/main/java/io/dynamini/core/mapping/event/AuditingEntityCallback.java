package io.dynamini.core.mapping.event;

import org.springframework.beans.factory.ObjectFactory;
import org.springframework.core.Ordered;
import org.springframework.data.auditing.IsNewAwareAuditingHandler;
import org.springframework.util.Assert;

/**
 * Fills an entity's auditing properties ({@code @CreatedDate}, {@code @CreatedBy} for a new entity;
 * {@code @LastModifiedDate}, {@code @LastModifiedBy} always) before it is converted. Registered by
 * {@code @EnableDynaminiAuditing}.
 */
public class AuditingEntityCallback implements BeforeConvertCallback<Object>, Ordered {

	private final ObjectFactory<IsNewAwareAuditingHandler> auditingHandler;

	public AuditingEntityCallback(ObjectFactory<IsNewAwareAuditingHandler> auditingHandler) {
		Assert.notNull(auditingHandler, "auditingHandler must not be null");
		this.auditingHandler = auditingHandler;
	}

	@Override
	public Object onBeforeConvert(Object entity, String tableName) {
		return auditingHandler.getObject().markAudited(entity);
	}

	@Override
	public int getOrder() {
		return 100;
	}
}
