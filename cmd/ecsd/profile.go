package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// startProfiles starts a CPU profile into cpu and, when wait is set,
// records contended mutexes and blocking waits; the function it returns
// writes them out. Empty names profile nothing.
func startProfiles(cpu, wait string) (func() error, error) {
	var f *os.File
	if cpu != "" {
		var err error
		if f, err = os.Create(cpu); err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
	}
	if wait != "" {
		runtime.SetMutexProfileFraction(5)
		runtime.SetBlockProfileRate(100_000) // one sample per 100µs blocked
	}
	return func() error {
		var errs []error
		if f != nil {
			pprof.StopCPUProfile()
			errs = append(errs, f.Close())
		}
		if wait != "" {
			for _, name := range []string{"mutex", "block"} {
				out, err := os.Create(wait + "." + name)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				errs = append(errs, pprof.Lookup(name).WriteTo(out, 0), out.Close())
			}
		}
		return errors.Join(errs...)
	}, nil
}
