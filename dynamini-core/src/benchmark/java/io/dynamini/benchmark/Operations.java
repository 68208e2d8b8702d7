package io.dynamini.benchmark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.github.f4b6a3.ulid.Ulid;
import com.github.f4b6a3.ulid.UlidFactory;

import io.dynamini.core.transaction.DynaminiTransactionManager;

import org.springframework.data.domain.PageRequest;
import org.springframework.transaction.support.TransactionTemplate;

import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Every benchmarked operation three ways: through dynamini, through a hand-written program with the plain
 * {@link DynamoDbClient} sending the very same requests (the baseline), and - for save and load - through Spring
 * Cloud AWS's {@code DynamoDbTemplate} with the extra write a history needs. The bodies are shared by the JMH
 * benchmarks and the cost pass.
 */
public final class Operations {

	private static final String TYPE = "BenchNote";

	private final Fixture fixture = Fixture.get();

	private final DynamoDbClient client = fixture.client;

	private final UlidFactory ulids = UlidFactory.newMonotonicInstance();

	/** The entity updated by {@link #saveUpdateDynamini()}. */
	private BenchNote updated;

	/** Version and head of the entity updated by {@link #saveUpdateRaw()}. */
	private String rawId;

	private long rawVersion;

	private Ulid rawHead;

	/** The versioned note the enhanced client and Spring Cloud AWS update (one per thread's {@code Operations}). */
	private VersionedNote versioned;

	private final TransactionTemplate transactions = new TransactionTemplate(
			new DynaminiTransactionManager(fixture.client));

	public Operations() {
		// its own entities are written for real, whatever the engine answers other threads
		fixture.http.passThrough(this::createEntities);
	}

	private void createEntities() {
		versioned = new VersionedNote();
		versioned.setPk("#Peer#updated-" + UUID.randomUUID());
		versioned.setSk("L");
		versioned.setOwner("updater");
		versioned.setText("v");
		fixture.enhanced.putItem(versioned);
		versioned.setVersion(1L);
		updated = fixture.template.save(new BenchNote("updater", "v", Instant.now()));
		BenchNote raw = new BenchNote("updater", "v", Instant.now());
		rawId = saveNewRaw(raw);
		rawVersion = 1;
		rawHead = Ulid.from(client.getItem(r -> r.tableName(fixture.table).key(latestKey(rawId))).item().get("h").s());
	}

	// ----------------------------------------------------------------------------------------- save new

	public String saveNewDynamini() {
		return fixture.template.save(new BenchNote(Fixture.OWNER + "-new", "hello", Instant.now())).getId();
	}

	public String saveNewRaw() {
		return saveNewRaw(new BenchNote(Fixture.OWNER + "-new", "hello", Instant.now()));
	}

	private String saveNewRaw(BenchNote note) {
		String id = ulids.create().toString();
		String token = UUID.randomUUID().toString();
		client.transactWriteItems(r -> r.transactItems(newEntityActions(id, note, token))
			.clientRequestToken(token)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
		return id;
	}

	/** The two actions of a new entity's transaction, as dynamini writes them. */
	private List<TransactWriteItem> newEntityActions(String id, BenchNote note, String token) {
		Ulid ulid = ulids.create();
		Map<String, AttributeValue> state = state(id, note);
		Map<String, AttributeValue> latest = new HashMap<>();
		latest.put("pk", s(pk(id)));
		latest.put("sk", s("A"));
		latest.put("v", AttributeValue.fromN("1"));
		latest.put("h", s(ulid.toString()));
		latest.put("t", s("I"));
		latest.put("et", s(TYPE));
		latest.put("d", AttributeValue.fromM(state));
		latest.put("tpk", s("#" + TYPE));
		latest.put("tsk", s(ulid.toString()));
		latest.put("g1pk", s("#" + TYPE + "#owner#" + note.getOwner()));
		latest.put("g1sk", s(ulid.toString()));
		latest.put("w", s(token));
		TransactWriteItem latestPut = TransactWriteItem.builder()
			.put(Put.builder()
				.tableName(fixture.table)
				.item(latest)
				.conditionExpression("attribute_not_exists(#pk)")
				.expressionAttributeNames(Map.of("#pk", "pk"))
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
				.build())
			.build();
		return List.of(latestPut, historyPut(id, 1, ulid, "I", state, token));
	}

	public void saveNewEnhanced() {
		VersionedNote note = new VersionedNote();
		note.setPk("#Peer#" + ulids.create());
		note.setSk("L");
		note.setOwner(Fixture.OWNER);
		note.setText("hello");
		// VersionedRecordExtension: a put on the condition that no item with a version exists
		fixture.enhanced.putItem(note);
	}

	public void saveNewPeerVersioned() {
		VersionedNote note = new VersionedNote();
		note.setPk("#Peer#" + ulids.create());
		note.setSk("L");
		note.setOwner(Fixture.OWNER);
		note.setText("hello");
		fixture.peer.save(note);
	}

	// --------------------------------------------------------------------------- a transaction of 10

	public void transactionDynamini() {
		transactions.executeWithoutResult(status -> {
			for (int i = 0; i < 10; i++) {
				fixture.template.save(new BenchNote(Fixture.OWNER + "-tx", "hello " + i, Instant.now()));
			}
		});
	}

	public void transactionRaw() {
		String token = UUID.randomUUID().toString();
		List<TransactWriteItem> actions = new ArrayList<>(20);
		for (int i = 0; i < 10; i++) {
			actions.addAll(newEntityActions(ulids.create().toString(),
					new BenchNote(Fixture.OWNER + "-tx", "hello " + i, Instant.now()), token));
		}
		client.transactWriteItems(r -> r.transactItems(actions)
			.clientRequestToken(token)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
	}

	public void saveNewPeer() {
		String id = ulids.create().toString();
		PeerNote latest = peerNote(id, "L", 1);
		fixture.peer.save(latest);
		fixture.peer.save(peerNote(id, "H#" + ulids.create(), 1));
	}

	// -------------------------------------------------------------------------------------- save update

	public void saveUpdateDynamini() {
		updated.setCounter(updated.getCounter() + 1);
		updated = fixture.template.save(updated);
	}

	/** The entities updated by {@link #saveUpdateNoop()} and {@link #saveUpdateMetered()}. */
	private BenchNote updatedNoop;

	private BenchNote updatedMetered;

	public void saveUpdateNoop() {
		if (updatedNoop == null) {
			updatedNoop = fixture.noopObserved.save(new BenchNote(Fixture.OWNER, "noop", java.time.Instant.now()));
		}
		updatedNoop.setCounter(updatedNoop.getCounter() + 1);
		updatedNoop = fixture.noopObserved.save(updatedNoop);
	}

	public void saveUpdateMetered() {
		if (updatedMetered == null) {
			updatedMetered = fixture.metered.save(new BenchNote(Fixture.OWNER, "metered", java.time.Instant.now()));
		}
		updatedMetered.setCounter(updatedMetered.getCounter() + 1);
		updatedMetered = fixture.metered.save(updatedMetered);
	}

	public Optional<BenchNote> findByIdNoop() {
		return fixture.noopObserved.findById(BenchNote.class, fixture.readId);
	}

	public Optional<BenchNote> findByIdMetered() {
		return fixture.metered.findById(BenchNote.class, fixture.readId);
	}

	public void saveUpdateRaw() {
		Ulid ulid = ulids.create();
		if (ulid.compareTo(rawHead) <= 0) {
			ulid = rawHead.increment();
		}
		long version = rawVersion + 1;
		BenchNote note = new BenchNote("updater", "v", Instant.now());
		note.setCounter(version);
		Map<String, AttributeValue> state = state(rawId, note);
		Map<String, String> names = new HashMap<>(Map.of("#v", "v", "#h", "h", "#t", "t", "#d", "d", "#pg", "pg",
				"#del", "del", "#g1pk", "g1pk", "#g1sk", "g1sk", "#tsk", "tsk"));
		names.put("#e", "e");
		names.put("#w", "w");
		String token = UUID.randomUUID().toString();
		Map<String, AttributeValue> values = new HashMap<>(Map.of(":v", AttributeValue.fromN(Long.toString(version)),
				":h", s(ulid.toString()), ":t", s("U"), ":d", AttributeValue.fromM(state), ":g1pk",
				s("#" + TYPE + "#owner#updater"), ":ev", AttributeValue.fromN(Long.toString(rawVersion))));
		values.put(":w", s(token));
		TransactWriteItem latestUpdate = TransactWriteItem.builder()
			.update(Update.builder()
				.tableName(fixture.table)
				.key(latestKey(rawId))
				.updateExpression("SET #v = :v, #h = :h, #t = :t, #d = :d, #g1pk = :g1pk, #g1sk = #tsk, #w = :w")
				.conditionExpression("#v = :ev AND #h < :h AND attribute_not_exists(#pg) AND attribute_not_exists(#del)"
						+ " AND attribute_not_exists(#e)")
				.expressionAttributeNames(names)
				.expressionAttributeValues(values)
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
				.build())
			.build();
		Ulid head = ulid;
		client.transactWriteItems(r -> r.transactItems(latestUpdate, historyPut(rawId, version, head, "U", state, token))
			.clientRequestToken(token)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
		rawVersion = version;
		rawHead = ulid;
	}

	// --------------------------------------------------------------------------------------------- reads

	public Optional<BenchNote> findByIdDynamini() {
		return fixture.template.findById(BenchNote.class, fixture.readId);
	}

	public Optional<BenchNote> findByIdRaw() {
		Map<String, AttributeValue> item = client
			.getItem(r -> r.tableName(fixture.table)
				.key(latestKey(fixture.readId))
				.projectionExpression("#v, #d, #del, #pg, #e, #xe")
				.expressionAttributeNames(Map.of("#v", "v", "#d", "d", "#del", "del", "#pg", "pg", "#e", "e", "#xe", "xe"))
				.consistentRead(true)
				.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
			.item();
		if (item == null || item.isEmpty() || item.containsKey("del") || item.containsKey("pg")) {
			return Optional.empty();
		}
		return Optional.of(note(item.get("d").m(), Long.parseLong(item.get("v").n())));
	}

	public VersionedNote findByIdEnhanced() {
		return fixture.enhanced.getItem(Key.builder().partitionValue(fixture.versionedId).sortValue("L").build());
	}

	public VersionedNote findByIdPeerVersioned() {
		return fixture.peer.load(Key.builder().partitionValue(fixture.versionedId).sortValue("L").build(),
				VersionedNote.class);
	}

	/**
	 * The enhanced client's save with a version check: a put conditional on the stored version (the extension
	 * writes version + 1; the bean keeps the version it was read with, so the caller counts).
	 */
	public void saveUpdateEnhanced() {
		versioned.setCounter(versioned.getCounter() + 1);
		fixture.enhanced.putItem(versioned);
		versioned.setVersion(versioned.getVersion() + 1);
	}

	public void saveUpdatePeerVersioned() {
		versioned.setCounter(versioned.getCounter() + 1);
		fixture.peer.save(versioned);
		versioned.setVersion(versioned.getVersion() + 1);
	}

	public PeerNote findByIdPeer() {
		return fixture.peer.load(Key.builder().partitionValue(pk(fixture.readId)).sortValue("L").build(),
				PeerNote.class);
	}

	public Optional<BenchNote> asOfDynamini() {
		return fixture.template.findByIdAsOf(BenchNote.class, fixture.deepId, fixture.deepMiddle);
	}

	public Optional<BenchNote> asOfRaw() {
		List<Map<String, AttributeValue>> items = client.query(r -> r.tableName(fixture.table)
			.keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
			.expressionAttributeNames(Map.of("#pk", "pk", "#sk", "sk"))
			.expressionAttributeValues(Map.of(":pk", s(pk(fixture.deepId)), ":from", s("H#"), ":to",
					s("H#" + Ulid.max(fixture.deepMiddle.toEpochMilli()))))
			.scanIndexForward(false)
			.limit(1)
			.consistentRead(true)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).items();
		if (items.isEmpty() || items.get(0).get("t").s().equals("D")) {
			return Optional.empty();
		}
		return Optional.of(note(items.get(0).get("d").m(), Long.parseLong(items.get(0).get("r").n())));
	}

	public int revisionsPageDynamini() {
		return fixture.template.findRevisions(BenchNote.class, fixture.deepId, PageRequest.of(0, 20)).getNumberOfElements();
	}

	public int revisionsPageRaw() {
		List<Map<String, AttributeValue>> items = client.query(r -> r.tableName(fixture.table)
			.keyConditionExpression("#pk = :pk")
			.expressionAttributeNames(Map.of("#pk", "pk"))
			.expressionAttributeValues(Map.of(":pk", s(pk(fixture.deepId))))
			.limit(21)
			.consistentRead(true)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).items();
		long total = 0;
		List<BenchNote> notes = new ArrayList<>();
		for (Map<String, AttributeValue> item : items) {
			if (item.get("sk").s().equals("A")) {
				total = Long.parseLong(item.get("v").n());
			}
			else if (notes.size() < 20) {
				notes.add(note(item.get("d").m(), Long.parseLong(item.get("r").n())));
			}
		}
		return total > 0 ? notes.size() : 0;
	}

	public int findAllPageDynamini() {
		return fixture.repository.findAllBy(PageRequest.of(0, 100)).getNumberOfElements();
	}

	public int findAllPageRaw() {
		return pageRaw("type-index", "tpk", "#" + TYPE);
	}

	public int derivedPageDynamini() {
		return fixture.repository.findByOwner(Fixture.OWNER, PageRequest.of(0, 100)).getNumberOfElements();
	}

	public int derivedPageRaw() {
		return pageRaw("gsi1", "g1pk", "#" + TYPE + "#owner#" + Fixture.OWNER);
	}

	private int pageRaw(String index, String key, String value) {
		List<Map<String, AttributeValue>> items = client.query(r -> r.tableName(fixture.table)
			.indexName(index)
			.keyConditionExpression("#k = :k")
			.expressionAttributeNames(Map.of("#k", key))
			.expressionAttributeValues(Map.of(":k", s(value)))
			.limit(101)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).items();
		List<BenchNote> notes = new ArrayList<>();
		for (int i = 0; i < Math.min(100, items.size()); i++) {
			notes.add(note(items.get(i).get("d").m(), Long.parseLong(items.get(i).get("v").n())));
		}
		return notes.size();
	}

	// -------------------------------------------------------------------------------------------- delete

	/** A live entity for the next delete, created outside the measurement. */
	public String freshForDelete() {
		return saveNewRaw(new BenchNote("deleter", "bye", Instant.now()));
	}

	public void deleteDynamini(String id) {
		fixture.template.deleteById(BenchNote.class, id);
	}

	public void deleteRaw(String id) {
		Map<String, AttributeValue> current = client.getItem(r -> r.tableName(fixture.table)
			.key(latestKey(id))
			.consistentRead(true)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).item();
		long version = Long.parseLong(current.get("v").n());
		Ulid head = Ulid.from(current.get("h").s());
		Ulid ulid = ulids.create();
		if (ulid.compareTo(head) <= 0) {
			ulid = head.increment();
		}
		Map<String, String> names = new HashMap<>(Map.of("#v", "v", "#h", "h", "#t", "t", "#pg", "pg", "#del", "del",
				"#tpk", "tpk", "#g1pk", "g1pk", "#g1sk", "g1sk", "#tsk", "tsk", "#e", "e"));
		names.put("#w", "w");
		String token = UUID.randomUUID().toString();
		Map<String, AttributeValue> values = new HashMap<>(Map.of(":v", AttributeValue.fromN(Long.toString(version + 1)),
				":h", s(ulid.toString()), ":t", s("D"), ":true", AttributeValue.fromBool(true), ":tpk",
				s("#" + TYPE + "#deleted"), ":g1pk", s("#" + TYPE + "#owner#deleter#deleted"), ":ev",
				AttributeValue.fromN(Long.toString(version)), ":w", s(token)));
		TransactWriteItem latestUpdate = TransactWriteItem.builder()
			.update(Update.builder()
				.tableName(fixture.table)
				.key(latestKey(id))
				.updateExpression(
						"SET #v = :v, #h = :h, #t = :t, #del = :true, #tpk = :tpk, #g1pk = :g1pk, #g1sk = #tsk, #w = :w")
				.conditionExpression("#v = :ev AND #h < :h AND attribute_not_exists(#pg) AND attribute_not_exists(#del)"
						+ " AND attribute_not_exists(#e)")
				.expressionAttributeNames(names)
				.expressionAttributeValues(values)
				.returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
				.build())
			.build();
		Ulid revision = ulid;
		client.transactWriteItems(r -> r
			.transactItems(latestUpdate, historyPut(id, version + 1, revision, "D", current.get("d").m(), token))
			.clientRequestToken(token)
			.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
	}

	// ------------------------------------------------------------------------------------------- helpers

	private TransactWriteItem historyPut(String id, long revision, Ulid ulid, String type,
			Map<String, AttributeValue> state, String token) {
		Map<String, AttributeValue> history = new HashMap<>();
		history.put("pk", s(pk(id)));
		history.put("sk", s("H#" + ulid));
		history.put("r", AttributeValue.fromN(Long.toString(revision)));
		history.put("t", s(type));
		history.put("et", s(TYPE));
		history.put("d", AttributeValue.fromM(state));
		history.put("w", s(token));
		return TransactWriteItem.builder()
			.put(Put.builder()
				.tableName(fixture.table)
				.item(history)
				.conditionExpression("attribute_not_exists(#pk)")
				.expressionAttributeNames(Map.of("#pk", "pk"))
				.build())
			.build();
	}

	private static Map<String, AttributeValue> state(String id, BenchNote note) {
		Map<String, AttributeValue> state = new HashMap<>();
		state.put("id", s(id));
		state.put("owner", s(note.getOwner()));
		state.put("text", s(note.getText()));
		state.put("counter", AttributeValue.fromN(Long.toString(note.getCounter())));
		state.put("createdAt", s(note.getCreatedAt().toString()));
		return state;
	}

	private static BenchNote note(Map<String, AttributeValue> state, long version) {
		BenchNote note = new BenchNote(state.get("owner").s(), state.get("text").s(),
				Instant.parse(state.get("createdAt").s()));
		note.setId(state.get("id").s());
		note.setCounter(Long.parseLong(state.get("counter").n()));
		note.setVersion(version);
		return note;
	}

	private PeerNote peerNote(String id, String sk, long version) {
		PeerNote note = new PeerNote();
		note.setPk(pk(id));
		note.setSk(sk);
		note.setV(version);
		note.setOwner("peer");
		note.setText("hello");
		note.setCreatedAt(Instant.now());
		return note;
	}

	private static Map<String, AttributeValue> latestKey(String id) {
		return Map.of("pk", s(pk(id)), "sk", s("A"));
	}

	private static String pk(String id) {
		return "#" + TYPE + "#" + id;
	}

	private static AttributeValue s(String value) {
		return AttributeValue.fromS(value);
	}
}
