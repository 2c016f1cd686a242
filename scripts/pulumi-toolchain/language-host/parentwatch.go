package main

import (
	"os"
	"time"
)

// watchParent calls onOrphaned once the process that started us (the engine) is gone. The engine
// starts plugins in their own process group, so a killed engine does not take them along, and
// a program left running would keep talking to a dead resource monitor.
func watchParent(interval time.Duration, onOrphaned func()) {
	parent := os.Getppid()
	go func() {
		for range time.Tick(interval) {
			if os.Getppid() != parent {
				onOrphaned()
				return
			}
		}
	}()
}
