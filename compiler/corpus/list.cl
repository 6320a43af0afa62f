// Linked lists the host built with malloc, walked through SVM pointers:
// work-item i sums list i and counts its nodes.
struct node {
	struct node *next;
	long value;
};

__kernel void walk(__global struct node *const __global *heads,
		   __global long *sums, __global uint *lengths)
{
	size_t i = get_global_id(0);
	long s = 0;
	uint len = 0;

	/* the nodes' own pointers are generic: they point anywhere */
	for (struct node *p = heads[i]; p; p = p->next) {
		s += p->value;
		len++;
	}
	sums[i] = s;
	lengths[i] = len;
}
