package io.dynamini.core;

import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.data.domain.AuditorAware;
import org.springframework.util.StringUtils;

/**
 * The author of each revision: the current auditor of the application's {@link AuditorAware} as text (a
 * {@code String} as it is, anything else by {@code toString()}). Registered by {@code @EnableDynaminiAuditing}
 * (with its {@code auditorAwareRef}, or the one {@code AuditorAware} bean); the template finds it in its context.
 */
public final class RevisionAuthors implements Supplier<@Nullable String>, BeanFactoryAware {

	private @Nullable String auditorAwareRef;

	private @Nullable BeanFactory beanFactory;

	private volatile @Nullable AuditorAware<?> auditorAware;

	public RevisionAuthors() {
	}

	public RevisionAuthors(AuditorAware<?> auditorAware) {
		this.auditorAware = auditorAware;
	}

	/** @param auditorAwareRef the name of the {@code AuditorAware} bean; without it, the only one */
	public void setAuditorAwareRef(@Nullable String auditorAwareRef) {
		this.auditorAwareRef = auditorAwareRef;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public @Nullable String get() {
		AuditorAware<?> auditors = resolve();
		if (auditors == null) {
			return null;
		}
		Optional<?> auditor = auditors.getCurrentAuditor();
		return auditor.map(value -> value instanceof String text ? text : value.toString()).orElse(null);
	}

	private @Nullable AuditorAware<?> resolve() {
		AuditorAware<?> resolved = auditorAware;
		if (resolved == null && beanFactory != null) {
			resolved = StringUtils.hasText(auditorAwareRef) ? beanFactory.getBean(auditorAwareRef, AuditorAware.class)
					: beanFactory.getBeanProvider(AuditorAware.class).getIfUnique();
			auditorAware = resolved;
		}
		return resolved;
	}
}
