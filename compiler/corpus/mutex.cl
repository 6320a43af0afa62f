// A mutex built from compare-exchange: every work-item of the group adds
// to a non-atomic counter pair under the lock, so that a broken lock
// shows as a lost update or a second holder.
__kernel void mutex(volatile __global atomic_int *lock, __global uint *count,
		    __global uint *overlap, uint rounds)
{
	for (uint r = 0; r < rounds; r++) {
		int e = 0;

		while (!atomic_compare_exchange_weak_explicit(lock, &e, 1,
				memory_order_acquire, memory_order_relaxed,
				memory_scope_device))
			e = 0;
		if (count[1]++ != 0)
			(*overlap)++;
		count[0]++;
		count[1]--;
		atomic_store_explicit(lock, 0, memory_order_release,
				      memory_scope_device);
	}
}
