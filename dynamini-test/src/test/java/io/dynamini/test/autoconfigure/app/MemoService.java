package io.dynamini.test.autoconfigure.app;

import org.springframework.stereotype.Service;

/** A component of the application: a {@code @DataDynaminiTest} leaves it out. */
@Service
public class MemoService {

	private final MemoRepository memos;

	public MemoService(MemoRepository memos) {
		this.memos = memos;
	}

	public Memo write(String id, String text) {
		return memos.save(new Memo(id, null, text));
	}
}
