// Package ishare holds the conformance specs of the ishare API.
package ishare
