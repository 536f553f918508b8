<?php
/*
 * For blogimport's tests (tests/test_wxr_writer_wordpress.py); runs inside WordPress
 * (GPL-2.0-or-later) as a separate program: `php display.php` with the environment below.
 *
 * Loads WordPress (Debian's package) on a database the import oracle kept, and prints as JSON,
 * for each post id in BLOGIMPORT_POST_IDS (comma-separated):
 *   "content":  its stored content through the_content with only the filters that make
 *               paragraphs left (do_blocks, wpautop, shortcode_unautop): what WordPress's
 *               display filter does to the structure of the HTML;
 *   "autop":    wpautop() applied to the stored content directly (what a post without blocks gets);
 *   "comments": each comment's stored text through wpautop(), as comment_text shows it.
 * Environment: BLOGIMPORT_DB_NAME, WXR_DB_HOST, WXR_DB_PORT, WXR_DB_USER, WXR_DB_PASS,
 * BLOGIMPORT_CONTENT_DIR (an empty scratch folder), BLOGIMPORT_WP_ROOT (/usr/share/wordpress).
 */
define( 'DB_NAME', getenv( 'BLOGIMPORT_DB_NAME' ) );
define( 'DB_USER', getenv( 'WXR_DB_USER' ) ?: 'root' );
define( 'DB_PASSWORD', (string) getenv( 'WXR_DB_PASS' ) );
define( 'DB_HOST', ( getenv( 'WXR_DB_HOST' ) ?: '127.0.0.1' ) . ':' . ( getenv( 'WXR_DB_PORT' ) ?: '3306' ) );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
$table_prefix = 'wp_';
define( 'ABSPATH', rtrim( getenv( 'BLOGIMPORT_WP_ROOT' ) ?: '/usr/share/wordpress', '/' ) . '/' );
define( 'WP_CONTENT_DIR', getenv( 'BLOGIMPORT_CONTENT_DIR' ) );
define( 'WP_HOME', 'http://example.test' );
define( 'WP_SITEURL', 'http://example.test' );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
$_SERVER['HTTP_HOST'] = 'example.test';
$_SERVER['REQUEST_URI'] = '/';
error_reporting( E_ERROR | E_PARSE );

require ABSPATH . 'wp-settings.php';

$keep = array( 'do_blocks', 'wpautop', 'shortcode_unautop' );
foreach ( $GLOBALS['wp_filter']['the_content']->callbacks as $priority => $callbacks ) {
	foreach ( $callbacks as $callback ) {
		if ( ! is_string( $callback['function'] ) || ! in_array( $callback['function'], $keep, true ) ) {
			remove_filter( 'the_content', $callback['function'], $priority );
		}
	}
}

$out = array();
foreach ( array_filter( explode( ',', (string) getenv( 'BLOGIMPORT_POST_IDS' ) ) ) as $id ) {
	$post = get_post( (int) $id );
	if ( ! $post ) {
		$out[ $id ] = null;
		continue;
	}
	$GLOBALS['post'] = $post;
	setup_postdata( $post );
	$comments = array();
	foreach ( get_comments( array( 'post_id' => $post->ID, 'status' => 'all' ) ) as $comment ) {
		$comments[ $comment->comment_ID ] = array(
			'stored' => $comment->comment_content,
			'shown'  => wpautop( $comment->comment_content ),
		);
	}
	$out[ $id ] = array(
		'stored'   => $post->post_content,
		'content'  => apply_filters( 'the_content', $post->post_content ),
		'autop'    => wpautop( $post->post_content ),
		'comments' => (object) $comments,
	);
}
echo json_encode( $out, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE ), "\n";
