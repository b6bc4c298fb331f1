/* pt.h - placeholder until the protothreads are written. */
