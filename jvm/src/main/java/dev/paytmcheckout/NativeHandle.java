package dev.paytmcheckout;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * An owned native handle. Calls hold the read lock, {@link #close()} the write lock, so a handle is
 * never freed while a call on another thread is using it, and never used after it is freed (that
 * is an {@link IllegalStateException}, not a crash).
 *
 * <p>No finalizer and no Cleaner (Java 8 has none, and Android's is not public before API 33):
 * close every handle, with try-with-resources. A handle that is never closed keeps its native
 * memory, and for keys its key material, until the process ends.
 */
abstract class NativeHandle implements AutoCloseable {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private long handle;

    NativeHandle(long handle) {
        this.handle = handle;
    }

    /** Takes the read lock and returns the live handle; pair with {@link #release()}. */
    final long acquire() {
        lock.readLock().lock();
        if (handle == 0) {
            lock.readLock().unlock();
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
        return handle;
    }

    final void release() {
        lock.readLock().unlock();
    }

    /** Runs {@code call} with the live handle, holding the read lock until it returns. */
    final <T> T withHandle(LongFunction<T> call) {
        long h = acquire();
        try {
            return call.apply(h);
        } finally {
            release();
        }
    }

    /** {@link #withHandle} for a call with no result. */
    final void useHandle(LongConsumer call) {
        withHandle(h -> {
            call.accept(h);
            return null;
        });
    }

    /** True once closed. */
    public final boolean isClosed() {
        lock.readLock().lock();
        try {
            return handle == 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    abstract void free(long handle);

    /** Frees the native object (zeroing its secrets); later calls throw; closing twice is fine. */
    @Override
    public final void close() {
        lock.writeLock().lock();
        try {
            if (handle != 0) {
                free(handle);
                handle = 0;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
