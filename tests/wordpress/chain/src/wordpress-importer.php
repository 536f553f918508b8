<?php
/*
 * Version: chain (blogimport tests)
 *
 * For blogimport's tests (tests/test_wxr_writer_wordpress.py); runs inside WordPress
 * (GPL-2.0-or-later) as a separate program, given to import-wxr.sh as WXR_PLUGIN_DIR.
 *
 * Loads the official WordPress Importer from BLOGIMPORT_IMPORTER_DIR. When the import of the file
 * import-wxr.sh was given ends, imports the files listed in BLOGIMPORT_MORE_WXR (one path per
 * line) into the same site, one after the other, as a user uploads the parts of a split export.
 * An author who has a user already (from an earlier part) is mapped to that user, which is what
 * the importer's author form offers; an author who has none is created.
 */
require_once rtrim( getenv( 'BLOGIMPORT_IMPORTER_DIR' ), '/' ) . '/src/wordpress-importer.php';

function blogimport_import_next_part() {
	static $queue = null;
	if ( null === $queue ) {
		$queue = array_values( array_filter( explode( "\n", (string) getenv( 'BLOGIMPORT_MORE_WXR' ) ) ) );
	}
	$next = array_shift( $queue );
	if ( null === $next ) {
		return;
	}
	$importer                    = new WP_Import();
	$importer->fetch_attachments = false;
	$GLOBALS['blogimport_part']  = $importer;
	$importer->import( $next );
}
add_action( 'import_end', 'blogimport_import_next_part' );

// Before import-wxr.sh's own import_start hook (priority 10), which reads what the importer it
// created parsed (freed once its import ended): it reads the part being imported instead.
function blogimport_show_part_to_driver() {
	$part  = isset( $GLOBALS['blogimport_part'] ) ? $GLOBALS['blogimport_part'] : null;
	$first = isset( $GLOBALS['wp_import'] ) ? $GLOBALS['wp_import'] : null;
	if ( $part && $first && $part !== $first ) {
		foreach ( array( 'version', 'base_url', 'authors', 'categories', 'tags', 'terms', 'posts' ) as $field ) {
			$first->$field = $part->$field;
		}
	}
}
add_action( 'import_start', 'blogimport_show_part_to_driver', 5 );

// After import-wxr.sh's own import_start hook (priority 10), for the second part onwards.
function blogimport_map_part_authors() {
	if ( empty( $GLOBALS['blogimport_part'] ) ) {
		return;
	}
	$_POST['imported_authors'] = array();
	$_POST['user_map']         = array();
	$_POST['user_new']         = array();
	foreach ( array_keys( $GLOBALS['blogimport_part']->authors ) as $i => $login ) {
		$_POST['imported_authors'][ $i ] = $login;
		$user = get_user_by( 'login', sanitize_user( $login, true ) );
		if ( $user ) {
			$_POST['user_map'][ $i ] = $user->ID;
		}
	}
}
add_action( 'import_start', 'blogimport_map_part_authors', 20 );
