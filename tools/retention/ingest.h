/* Reading on one core while the other adds to the cohort: the reader parses
 * rows into a batch and hands it over; a second thread adds it (numbers the
 * ids, calls the library) while the reader fills the other batch. Batches
 * are added one at a time, in the order given, so that the cohort gets what
 * one thread reading and adding in turn would give it. */
#ifndef INGEST_H
#define INGEST_H

#include <pthread.h>

/* Adds one batch; 1 on success, 0 after its message on stderr. */
typedef int (*ingest_add_fn)(void *context, void *batch);

typedef struct ingest {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;   /* a batch was given, one was added, or the end came */
    ingest_add_fn add;
    void *context;
    void *given;              /* the batch being added, NULL when the thread is idle */
    int ended;                /* no batch will come */
    int failed;               /* an add failed: the thread adds no more */
    int started;
} ingest;

/* Starts the adding thread. If it cannot start (said on stderr), batches
 * are added on the calling thread, in ingest_give. */
void ingest_start(ingest *in, ingest_add_fn add, void *context);

/* Hands batch over once the previous one is added; returns 1, or 0 if an
 * add failed (reading should stop). After it returns 1, batch belongs to
 * the adding thread until the next ingest_give or ingest_finish returns:
 * fill another meanwhile. */
int ingest_give(ingest *in, void *batch);

/* Waits for the last batch and ends the thread; 1 if every add succeeded. */
int ingest_finish(ingest *in);

#endif
