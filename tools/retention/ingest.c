#include "ingest.h"

#include <stdio.h>
#include <string.h>

static void *add_batches(void *arg)
{
    ingest *in = arg;
    pthread_mutex_lock(&in->lock);
    for (;;) {
        while (in->given == NULL && !in->ended)
            pthread_cond_wait(&in->changed, &in->lock);
        if (in->given == NULL)
            break;  /* ended, every batch added */
        void *batch = in->given;
        pthread_mutex_unlock(&in->lock);
        int ok = in->add(in->context, batch);
        pthread_mutex_lock(&in->lock);
        in->failed |= !ok;
        in->given = NULL;
        pthread_cond_broadcast(&in->changed);
    }
    pthread_mutex_unlock(&in->lock);
    return NULL;
}

void ingest_start(ingest *in, ingest_add_fn add, void *context)
{
    memset(in, 0, sizeof *in);
    in->add = add;
    in->context = context;
    int error = pthread_mutex_init(&in->lock, NULL);
    if (error == 0 && (error = pthread_cond_init(&in->changed, NULL)) != 0)
        pthread_mutex_destroy(&in->lock);
    if (error == 0 && (error = pthread_create(&in->thread, NULL, add_batches, in)) != 0) {
        pthread_cond_destroy(&in->changed);
        pthread_mutex_destroy(&in->lock);
    }
    if (error != 0)
        fprintf(stderr, "retention: no second thread (%s): reading and adding on one\n",
                strerror(error));
    in->started = error == 0;
}

/* Waits until the thread has added the batch it was given. */
static void wait_idle(ingest *in)
{
    while (in->given != NULL)
        pthread_cond_wait(&in->changed, &in->lock);
}

int ingest_give(ingest *in, void *batch)
{
    if (!in->started) {
        in->failed |= !in->add(in->context, batch);
        return !in->failed;
    }
    pthread_mutex_lock(&in->lock);
    wait_idle(in);
    int ok = !in->failed;
    if (ok) {
        in->given = batch;
        pthread_cond_broadcast(&in->changed);
    }
    pthread_mutex_unlock(&in->lock);
    return ok;
}

int ingest_finish(ingest *in)
{
    if (in->started) {
        pthread_mutex_lock(&in->lock);
        wait_idle(in);
        in->ended = 1;
        pthread_cond_broadcast(&in->changed);
        pthread_mutex_unlock(&in->lock);
        pthread_join(in->thread, NULL);
        pthread_cond_destroy(&in->changed);
        pthread_mutex_destroy(&in->lock);
    }
    return !in->failed;
}
