package io.dynamini.sample;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import io.dynamini.changes.ChangeEvent;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/events}: the calling application's changes of collections and entries as Server-Sent Events, as
 * they happen (the change feed's events, one per revision). An application sees only its own changes: a
 * subscription belongs to the application of the key it was opened with, and events are routed by their tenant.
 * Each event is named after the change ({@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code PURGE}); its data is
 * the changed item as JSON.
 */
@RestController
public class MiniEvents {

	/** A subscription ends after this long; browsers' EventSource reconnects by itself. */
	static final long TIMEOUT_MILLIS = 30 * 60 * 1000L;

	private final ApplicationTenant tenant;

	private final Map<String, Set<SseEmitter>> subscribers = new ConcurrentHashMap<>();

	public MiniEvents(ApplicationTenant tenant) {
		this.tenant = tenant;
	}

	@GetMapping(path = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter subscribe() throws IOException {
		String application = tenant.currentTenant();
		SseEmitter emitter = new SseEmitter(TIMEOUT_MILLIS);
		Set<SseEmitter> ofApplication = subscribers.computeIfAbsent(application, key -> new CopyOnWriteArraySet<>());
		ofApplication.add(emitter);
		Runnable remove = () -> ofApplication.remove(emitter);
		emitter.onCompletion(remove);
		emitter.onTimeout(remove);
		emitter.onError(error -> remove.run());
		// a first comment commits the response, so that the client knows it is subscribed
		emitter.send(SseEmitter.event().comment("subscribed"));
		return emitter;
	}

	/**
	 * Forwards a change to the subscribers of its application. Never throws: a subscriber that went away is dropped,
	 * and the change feed must not redeliver a change because a browser closed its tab.
	 */
	@EventListener
	void on(ChangeEvent<?> event) {
		if (event.entityType() != Collection.class && event.entityType() != Entry.class) {
			return;
		}
		Set<SseEmitter> ofApplication = subscribers.get(event.tenant());
		if (ofApplication == null || ofApplication.isEmpty()) {
			return;
		}
		Map<String, Object> data = data(event);
		for (SseEmitter emitter : List.copyOf(ofApplication)) {
			try {
				emitter.send(SseEmitter.event().name(event.type().name()).id(event.revisionId()).data(data,
						MediaType.APPLICATION_JSON));
			}
			catch (IOException | RuntimeException ex) {
				ofApplication.remove(emitter);
				emitter.completeWithError(ex);
			}
		}
	}

	/**
	 * Ends every subscription when the application shuts down (before the web server's graceful shutdown, which
	 * would otherwise wait for these open responses): browsers reconnect, to another instance if there is one.
	 */
	@EventListener(ContextClosedEvent.class)
	void closeSubscriptions() {
		subscribers.values().forEach(emitters -> {
			emitters.forEach(SseEmitter::complete);
			emitters.clear();
		});
	}

	private static Map<String, Object> data(ChangeEvent<?> event) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("kind", event.entityName());
		data.put("id", event.id());
		data.put("revision", event.revision());
		data.put("type", event.type().name());
		data.put("instant", event.instant().toString());
		event.entity().ifPresent(entity -> {
			if (entity instanceof Collection collection) {
				data.put("user", collection.user());
				data.put("name", collection.name());
			}
			else if (entity instanceof Entry entry) {
				data.put("user", entry.user());
				data.put("collection", entry.collection());
				data.put("name", entry.name());
				data.put("value", entry.value());
			}
		});
		return data;
	}
}
