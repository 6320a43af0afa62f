# Functions for commands run in the gpsvm VM. Sourced by guest-init.sh and
# by the guest test scripts; needs GPSVM_TOP.

GPSVM_MODULES=("$GPSVM_TOP/model/gpsvm_model.ko" "$GPSVM_TOP/drivers/gpsvm/gpsvm.ko")

# gpsvm_insmod KO [ARGS...]: load one of the project's modules, after the
# kernel's modules it depends on. The project's own must be loaded already.
gpsvm_insmod() {
	local ko=$1 dep
	shift
	for dep in $(modinfo -F depends "$ko" | tr , ' '); do
		[ -d "/sys/module/$dep" ] || modprobe "$dep" || return
	done
	insmod "$ko" "$@"
}

# gpsvm_load [MODEL ARGS...]: load the model with those parameters, then
# the driver, and wait until every GPU has a render node.
gpsvm_load() {
	gpsvm_insmod "${GPSVM_MODULES[0]}" "$@" || return
	gpsvm_insmod "${GPSVM_MODULES[1]}" || return
}

# gpsvm_unload: remove the driver and the model.
gpsvm_unload() {
	rmmod gpsvm && rmmod gpsvm_model
}
