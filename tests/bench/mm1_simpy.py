#!/usr/bin/python3
"""The M/M/1 benchmark of bench_mm1.c in SimPy, for a side-by-side wall time.

Debian ships SimPy 2.3 (python3-simpy), whose API predates SimPy 3/4: processes
are classes and yield (hold|put|get, self, ...) tuples. The model is the same:
an arrival process puts arrival times into an unbounded store, one server takes
them in FIFO order, and the mean time in system is printed (about 10).
Run: /usr/bin/python3 tests/bench/mm1_simpy.py [CUSTOMERS]
"""
import random
import sys
import time

from SimPy.Simulation import (Process, Store, activate, get, hold, initialize,
                              now, put, simulate)

LAMBDA = 0.9
MU = 1.0


class Arrivals(Process):
    def run(self, line, customers):
        for _ in range(customers):
            yield hold, self, random.expovariate(LAMBDA)
            yield put, self, line, [now()]


class Server(Process):
    def __init__(self, totals):
        Process.__init__(self)
        self.totals = totals

    def run(self, line):
        while True:
            yield get, self, line, 1
            arrived = self.got[0]
            yield hold, self, random.expovariate(MU)
            self.totals[0] += now() - arrived
            self.totals[1] += 1


def main():
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    random.seed(1)
    start = time.perf_counter()
    initialize()
    line = Store(capacity="unbounded")
    totals = [0.0, 0]
    arrivals = Arrivals()
    activate(arrivals, arrivals.run(line, customers))
    server = Server(totals)
    activate(server, server.run(line))
    simulate(until=1e18)
    wall = time.perf_counter() - start
    print("mm1_simpy: SimPy 2 M/M/1 lambda %.1f mu %.1f, %d customers" % (LAMBDA, MU, customers))
    print("  mean time in system %.4f (expected %.4f)" % (totals[0] / totals[1], 1 / (MU - LAMBDA)))
    print("  wall %.3f s" % wall)


if __name__ == "__main__":
    main()
